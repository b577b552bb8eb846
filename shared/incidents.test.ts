import { describe, expect, it } from 'vitest'
import { canTransition, derivePriority, DISPOSITIONS_FROM, DISPOSITIONS_NEEDING_NOTE, INCIDENT_STATUSES, INCIDENT_TRANSITIONS, type PriorityAnswers } from './incidents.js'

const none: PriorityAnswers = { unconscious: false, injured: false, child: false, badWeather: false, aggressive: false }

describe('the incident lifecycle', () => {
  it('follows the pickup in order and no step may be skipped', () => {
    const path = ['reported', 'assigned', 'acknowledged', 'en_route', 'on_scene', 'transporting', 'handed_over', 'closed'] as const
    for (let i = 0; i + 1 < path.length; i++) expect(canTransition(path[i]!, path[i + 1]!)).toBe(true)
    expect(canTransition('reported', 'on_scene')).toBe(false)
    expect(canTransition('assigned', 'transporting')).toBe(false)
  })

  it('has no way out of a closed, cancelled or merged incident', () => {
    for (const end of ['closed', 'cancelled', 'duplicate'] as const) expect(INCIDENT_TRANSITIONS[end]).toEqual([])
  })

  it('names a transition table entry for every status', () => {
    expect(Object.keys(INCIDENT_TRANSITIONS).sort()).toEqual([...INCIDENT_STATUSES].sort())
  })

  it('closes a handed-over incident only as handed over', () => {
    expect(DISPOSITIONS_FROM.handed_over).toEqual(['handed_over'])
    expect(DISPOSITIONS_NEEDING_NOTE).not.toContain('handed_over')
  })
})

describe('priority from the reporter’s answers', () => {
  it('makes an unconscious person, or an injured child, critical', () => {
    expect(derivePriority('homeless', { ...none, unconscious: true })).toBe('critical')
    expect(derivePriority('homeless', { ...none, injured: true, child: true })).toBe('critical')
  })

  it('makes injury, a child, bad weather or aggression urgent', () => {
    for (const k of ['injured', 'child', 'badWeather', 'aggressive'] as const) expect(derivePriority('homeless', { ...none, [k]: true })).toBe('high')
  })

  it('makes a sick person or a street child urgent even without answers', () => {
    expect(derivePriority('sick', none)).toBe('high')
    expect(derivePriority('street_child', none)).toBe('high')
    expect(derivePriority('homeless', none)).toBe('normal')
  })
})
