/**
 * Real PNG files for upload tests, made on the spot: a browser must be able to
 * decode them (the e2e tests check the image is drawn), and a test that needs
 * a file over a size limit asks for noise, which does not compress.
 */
import { crc32, deflateSync } from 'node:zlib'

export interface PngOptions {
  width: number
  height: number
  /** [r, g, b] of every pixel; ignored with `noise`. */
  color?: [number, number, number]
  /** Pseudo-random pixels (same seed, same file): about 3 bytes per pixel after compression. */
  noise?: boolean
}

export function createPng({ width, height, color = [32, 128, 96], noise = false }: PngOptions): Buffer {
  let state = 0x2545f491
  const next = () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return state & 0xff
  }
  const rowLength = 1 + width * 3
  const raw = Buffer.alloc(rowLength * height)
  for (let y = 0; y < height; y++) {
    // Each row starts with filter type 0 (none).
    for (let x = 0; x < width; x++) {
      const at = y * rowLength + 1 + x * 3
      raw[at] = noise ? next() : color[0]
      raw[at + 1] = noise ? next() : color[1]
      raw[at + 2] = noise ? next() : color[2]
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  // 8 bits per channel, colour type 2 (RGB), default compression, filter and no interlace.
  header.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}
