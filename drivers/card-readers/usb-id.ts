// A USB vendor:product id, how it is written and read; shared by the HID device layer and the reader list.

export interface UsbId {
  readonly vendorId: number;
  readonly productId: number;
}

export function formatUsbId(id: UsbId): string {
  const hex = (value: number) => value.toString(16).padStart(4, "0");
  return `${hex(id.vendorId)}:${hex(id.productId)}`;
}

/** "0c27:3bfa" (case-insensitive, four hex digits each); undefined for anything else. */
export function parseUsbId(text: string): UsbId | undefined {
  const match = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(text.trim());
  if (match === null) return undefined;
  return { vendorId: Number.parseInt(match[1] ?? "", 16), productId: Number.parseInt(match[2] ?? "", 16) };
}
