// Draws the extension icon (128x128 PNG) deterministically: three boxes joined
// by connectors on a dark background. Run once with `node scripts/make-icon.mjs`;
// the result, icon.png, is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

function fill(x0, y0, x1, y1, [r, g, b, a = 255]) {
    for (let y = Math.max(0, y0); y < Math.min(SIZE, y1); y++) {
        for (let x = Math.max(0, x0); x < Math.min(SIZE, x1); x++) {
            const i = (y * SIZE + x) * 4;
            pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; pixels[i + 3] = a;
        }
    }
}

function roundedBackground(radius, colour) {
    for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
            const dx = Math.max(radius - x, x - (SIZE - 1 - radius), 0);
            const dy = Math.max(radius - y, y - (SIZE - 1 - radius), 0);
            if (dx * dx + dy * dy <= radius * radius) fill(x, y, x + 1, y + 1, colour);
        }
    }
}

const box = (cx, cy, colour) => {
    fill(cx - 17, cy - 13, cx + 17, cy + 13, [255, 255, 255]);
    fill(cx - 14, cy - 10, cx + 14, cy + 10, colour);
};

roundedBackground(20, [24, 38, 66]);
// connectors
fill(62, 34, 66, 64, [170, 190, 220]);
fill(30, 62, 98, 66, [170, 190, 220]);
fill(30, 62, 34, 92, [170, 190, 220]);
fill(94, 62, 98, 92, [170, 190, 220]);
// components
box(64, 30, [64, 156, 255]);
box(32, 96, [80, 200, 120]);
box(96, 96, [255, 170, 60]);

function crc32(buffer) {
    let crc = ~0;
    for (const byte of buffer) {
        crc ^= byte;
        for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    return ~crc >>> 0;
}

function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) pixels.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);

const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
]);
writeFileSync(new URL('../icon.png', import.meta.url), png);
