import { describe, expect, it } from 'vitest'
import { CARET_BREATHING_ROOM_PX, caretClearance, type BarBox } from './caret-clearance.ts'

const room = CARET_BREATHING_ROOM_PX
const toolbar: BarBox = { position: 'sticky', top: '0px', bottom: 'auto', height: 60 }
const statusBar: BarBox = { position: 'sticky', top: 'auto', bottom: '0px', height: 30 }

describe('caretClearance', () => {
  it('keeps the caret past the bars stuck to each edge', () => {
    expect(caretClearance([toolbar, statusBar])).toEqual({ top: 60 + room, bottom: 30 + room, left: 5, right: 5 })
  })

  it('ignores bars in the flow of the page (the phone’s status bar after the document)', () => {
    expect(caretClearance([toolbar, { ...statusBar, position: 'static' }])).toEqual({ top: 60 + room, bottom: room, left: 5, right: 5 })
  })

  it('keeps only the breathing room without bars (a reader’s document has no toolbar)', () => {
    expect(caretClearance([])).toEqual({ top: room, bottom: room, left: 5, right: 5 })
  })
})
