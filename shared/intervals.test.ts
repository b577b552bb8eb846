import { describe, expect, it } from 'vitest'
import { caseIntervals, isCase, outcomeOf, percentile, stepsOf, summarize, type StepEvent } from './intervals.js'

/** Minutes after 01:00 UTC on 25 November 2026, as an ISO instant. */
const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 1, 0) + min * 60_000).toISOString()
const reported = (m: number): StepEvent => ({ type: 'incident.reported', at: at(m) })
const assigned = (m: number): StepEvent => ({ type: 'incident.assigned', at: at(m) })
const unassigned = (m: number): StepEvent => ({ type: 'incident.unassigned', at: at(m) })
const moved = (m: number, from: string, to: string): StepEvent => ({ type: 'incident.transitioned', at: at(m), from, to })

describe('the intervals of one case', () => {
  it('gives a case found on patrol its scene, transport and total, and no processing, turnout, travel or response', () => {
    // The team started the case where it found the person (decision 015): nobody waited for a team.
    const steps = stepsOf([{ type: 'incident.reported', at: at(0), to: 'on_scene' }, moved(12, 'on_scene', 'transporting'), moved(30, 'transporting', 'handed_over')])
    expect(caseIntervals(steps)).toEqual({ processing: null, turnout: null, travel: null, scene: 720, transport: 1080, response: null, total: 1800 })
  })

  it('ends the scene of a case found on patrol when the team closes it there', () => {
    const i = caseIntervals(stepsOf([{ type: 'incident.reported', at: at(0), to: 'on_scene' }, moved(8, 'on_scene', 'closed')]))
    expect(i).toMatchObject({ scene: 480, response: null, processing: null })
  })

  it('measures every step of a pickup that ended at a shelter', () => {
    const steps = stepsOf([
      reported(0),
      assigned(1),
      { type: 'assignment.delivered', at: at(1) },
      moved(2, 'assigned', 'acknowledged'),
      moved(3, 'acknowledged', 'en_route'),
      moved(13, 'en_route', 'on_scene'),
      moved(23, 'on_scene', 'transporting'),
      moved(43, 'transporting', 'handed_over'),
      moved(90, 'handed_over', 'closed'),
    ])
    // The dispatcher closing the case 47 minutes later changes no interval.
    expect(caseIntervals(steps)).toEqual({ processing: 60, turnout: 120, travel: 600, scene: 600, transport: 1200, response: 780, total: 2580 })
  })

  it('ends the scene when the team closes the case there (released, refused, referred)', () => {
    const i = caseIntervals(
      stepsOf([reported(0), assigned(2), moved(3, 'assigned', 'acknowledged'), moved(4, 'acknowledged', 'en_route'), moved(10, 'en_route', 'on_scene'), moved(25, 'on_scene', 'closed')]),
    )
    expect(i).toMatchObject({ scene: 900, response: 600, transport: null, total: null })
  })

  it('leaves a step that did not happen empty instead of inventing it', () => {
    const i = caseIntervals(stepsOf([reported(0), assigned(2), moved(5, 'assigned', 'cancelled')]))
    expect(i).toEqual({ processing: 120, turnout: null, travel: null, scene: null, transport: null, response: null, total: null })
  })

  it('counts turnout from the assignment of the team that moved, and response from the first report, after a timeout', () => {
    // The first team never acknowledged; the second was sent at minute 3 and left at minute 5.
    const i = caseIntervals(
      stepsOf([reported(0), assigned(1), unassigned(3), assigned(3), moved(4, 'assigned', 'acknowledged'), moved(5, 'acknowledged', 'en_route'), moved(15, 'en_route', 'on_scene')]),
    )
    expect(i).toMatchObject({ processing: 60, turnout: 120, travel: 600, response: 900 })
  })

  it('measures a reopened case to the trip that reached the person, from the first report', () => {
    // First team went, did not find the person (minute 20); the case was reopened and the
    // second team found them. Turnout is the first team's (the first time a team left), travel
    // the second team's trip (the one that reached the scene).
    const i = caseIntervals(
      stepsOf([
        reported(0),
        assigned(1),
        moved(2, 'assigned', 'acknowledged'),
        moved(3, 'acknowledged', 'en_route'),
        moved(20, 'en_route', 'not_found'),
        moved(30, 'not_found', 'reported'),
        assigned(31),
        moved(32, 'assigned', 'acknowledged'),
        moved(35, 'acknowledged', 'en_route'),
        moved(45, 'en_route', 'on_scene'),
        moved(50, 'on_scene', 'transporting'),
        moved(70, 'transporting', 'handed_over'),
      ]),
    )
    expect(i).toEqual({ processing: 60, turnout: 120, travel: 600, scene: 300, transport: 1200, response: 2700, total: 4200 })
  })

  it('does not take a close after a not-found for the end of a scene', () => {
    const i = caseIntervals(
      stepsOf([
        reported(0),
        assigned(1),
        moved(2, 'assigned', 'acknowledged'),
        moved(3, 'acknowledged', 'en_route'),
        moved(9, 'en_route', 'on_scene'),
        moved(12, 'on_scene', 'not_found'),
        moved(14, 'not_found', 'closed'),
      ]),
    )
    expect(i).toMatchObject({ response: 540, scene: null })
  })
})

describe('outcomes', () => {
  it('maps the recorded disposition, and what a case still running is', () => {
    expect(outcomeOf('closed', 'released_on_scene')).toBe('released_on_scene')
    expect(outcomeOf('cancelled', 'false_report')).toBe('false_report')
    expect(outcomeOf('duplicate', 'duplicate')).toBe('duplicate')
    expect(outcomeOf('handed_over', null)).toBe('handed_over')
    expect(outcomeOf('not_found', null)).toBe('not_found')
    expect(outcomeOf('en_route', null)).toBe('open')
  })

  it('does not count false reports and merged duplicates as cases', () => {
    expect(isCase('false_report')).toBe(false)
    expect(isCase('duplicate')).toBe(false)
    expect(isCase('cancelled_by_reporter')).toBe(true)
    expect(isCase('not_found')).toBe(true)
  })
})

describe('percentiles', () => {
  it('interpolates between ranks like PERCENTILE.INC', () => {
    // Hand-computed: rank 0.5·3 = 1.5 → 20 + 0.5·(30−20) = 25; rank 0.9·3 = 2.7 → 30 + 0.7·(100−30) = 79.
    expect(percentile([100, 10, 30, 20], 0.5)).toBe(25)
    expect(percentile([100, 10, 30, 20], 0.9)).toBeCloseTo(79)
    expect(percentile([42], 0.9)).toBe(42)
    expect(percentile([], 0.5)).toBeNull()
  })

  it('gives the share within the target, counting a case exactly on the target as within', () => {
    expect(summarize([600, 900, 1800, 3600], 900)).toEqual({ n: 4, p50S: 1350, p90S: 3060, targetS: 900, withinTarget: 0.5 })
    expect(summarize([], 900).withinTarget).toBeNull()
    expect(summarize([60], null).withinTarget).toBeNull()
  })
})
