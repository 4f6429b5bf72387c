// GET /icons/printer.png: the queue's icon (printer-icons), a 128×128 PNG drawn here once, so the
// package ships no binary asset. CUPS, macOS and iOS show it next to the printer's name.
import type { Request, Response } from "express";
import { crc32, deflateSync } from "node:zlib";

const SIZE = 128;
type Rgba = readonly [number, number, number, number];
const CLEAR: Rgba = [0, 0, 0, 0];
const BODY: Rgba = [52, 73, 94, 255];
const PAPER: Rgba = [250, 250, 250, 255];
const LINE: Rgba = [150, 160, 170, 255];
const LIGHT: Rgba = [46, 204, 113, 255];

/** Rectangles painted in order, later over earlier: [left, top, right, bottom, colour]. */
const SHAPES: readonly [number, number, number, number, Rgba][] = [
  [36, 10, 92, 50, PAPER], // paper going in
  [12, 44, 116, 96, BODY], // body
  [28, 80, 100, 120, PAPER], // printed sheet coming out
  [38, 92, 90, 95, LINE],
  [38, 102, 84, 105, LINE],
  [38, 112, 76, 115, LINE],
  [96, 54, 106, 62, LIGHT], // ready light
];

function pixelAt(x: number, y: number): Rgba {
  let colour = CLEAR;
  for (const [left, top, right, bottom, fill] of SHAPES) if (x >= left && x < right && y >= top && y < bottom) colour = fill;
  return colour;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function drawIcon(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4); // each row starts with filter type 0
    for (let x = 0; x < SIZE; x++) rows.set(pixelAt(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

const icon = drawIcon();

export function printerIconHandler(_request: Request, response: Response): void {
  response.type("image/png").set("Cache-Control", "public, max-age=86400").send(icon);
}
