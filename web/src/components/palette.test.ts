import { describe, expect, it } from 'vitest'
import { PRIORITY_COLOR, STATUS_COLOR, TEAM_STATUS_COLOR } from './palette.js'

/** WCAG 2.2 relative luminance and contrast ratio (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('the status colours', () => {
  it.each([
    ...Object.entries(STATUS_COLOR).map(([k, c]) => [`case ${k}`, c] as const),
    ...Object.entries(PRIORITY_COLOR).map(([k, c]) => [`priority ${k}`, c] as const),
    ...Object.entries(TEAM_STATUS_COLOR).map(([k, c]) => [`team ${k}`, c] as const),
  ])('%s (%s) reads at 4.5:1 as text on white and under white text', (_name, colour) => {
    expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })
})
