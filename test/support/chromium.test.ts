import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findChromium } from './chromium.js'

describe('finding Chromium for the browser tests', () => {
  it('uses CHROMIUM_PATH when it names an existing file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trc-chromium-')), 'chrome')
    fs.writeFileSync(file, '')
    expect(findChromium({ CHROMIUM_PATH: file })).toBe(file)
  })

  it('reports none when CHROMIUM_PATH names a missing file, instead of silently using another browser', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toBeNull()
  })
})
