// Draws the app icons (no network, no image libraries): three linked rings — county, township,
// village — in white on the brand blue. Run `npm run icons`; the PNGs are committed.
import { deflateSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons')
mkdirSync(out, { recursive: true })

const BLUE = [0x1f, 0x5f, 0xbf]
const WHITE = [0xff, 0xff, 0xff]

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1))
  const S = 4 // supersampling per axis
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const [pr, pg, pb, pa] = pixel((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size)
          r += pr * pa; g += pg * pa; b += pb * pa; a += pa
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4
      raw[o] = a ? Math.round(r / a) : 0
      raw[o + 1] = a ? Math.round(g / a) : 0
      raw[o + 2] = a ? Math.round(b / a) : 0
      raw[o + 3] = Math.round((a / (S * S)) * 255)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// The motif in unit coordinates centred on (0.5, 0.5), scaled by `k` (1 = fills the icon).
function motif(x, y, k) {
  const cx = 0.5, cy = 0.52
  const u = (x - cx) / k, v = (y - cy) / k
  const centres = [[0, -0.13], [-0.14, 0.11], [0.14, 0.11]]
  const ring = (px, py) => Math.abs(Math.hypot(u - px, v - py) - 0.15) < 0.03
  return centres.some(([px, py]) => ring(px, py))
}
function roundedSquare(x, y, radius) {
  const dx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0)
  const dy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0)
  return Math.hypot(dx, dy) <= radius
}

const plain = (x, y) => {
  if (!roundedSquare(x, y, 0.18)) return [0, 0, 0, 0]
  return motif(x, y, 1) ? [...WHITE, 1] : [...BLUE, 1]
}
// Maskable: full bleed, motif inside the 80 % safe zone.
const maskable = (x, y) => (motif(x, y, 0.78) ? [...WHITE, 1] : [...BLUE, 1])

writeFileSync(join(out, 'icon-192.png'), png(192, plain))
writeFileSync(join(out, 'icon-512.png'), png(512, plain))
writeFileSync(join(out, 'maskable-512.png'), png(512, maskable))
writeFileSync(join(out, 'apple-touch-icon.png'), png(180, maskable))
writeFileSync(
  join(out, 'favicon.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#1f5fbf"/><g fill="none" stroke="#fff" stroke-width="6"><circle cx="50" cy="39" r="15"/><circle cx="36" cy="63" r="15"/><circle cx="64" cy="63" r="15"/></g></svg>\n`,
)
console.log('icons written to', out)
