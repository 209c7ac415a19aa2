import { hashSlotSource } from './keys'

// CRC16/XMODEM (polynomial 0x1021), the checksum Redis Cluster takes modulo 16384 for a key's slot.
const TABLE = (() => {
  const table = new Uint16Array(256)
  for (let i = 0; i < 256; i++) {
    let crc = i << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    table[i] = crc
  }
  return table
})()

function crc16(bytes: Buffer): number {
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!
  return crc
}

/** The Redis Cluster slot of a key (hash tags honoured). Multi-key commands in a cluster need one slot. */
export function slotOf(key: string): number {
  return crc16(Buffer.from(hashSlotSource(key), 'utf8')) % 16384
}

/** Keys grouped by slot, in first-seen order: each group may go to one multi-key command. */
export function groupBySlot(keys: readonly string[]): string[][] {
  const groups = new Map<number, string[]>()
  for (const key of keys) {
    const slot = slotOf(key)
    const group = groups.get(slot)
    if (group) group.push(key)
    else groups.set(slot, [key])
  }
  return [...groups.values()]
}
