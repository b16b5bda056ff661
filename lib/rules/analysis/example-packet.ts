import { formatAddress } from "../address-format";
import { CONN_STATES, type Chain } from "../schema";
import { isIcmp, type PacketPoint } from "./match-space";
import { NO_INTERFACE } from "./name-set";
import { packetInterfaceText } from "./role-names";
import type { Packet, PacketProtocol } from "./packet-schema";

/**
 * A packet the analysis found (for instance one a rule decides) as the tester's input. Made-up interface
 * names ("other0") stand for "an interface no rule names"; port 0 can appear because rules cannot name it.
 */
export function examplePacket(point: PacketPoint, chain: Chain): Packet {
  const ports = point.proto === 6 || point.proto === 17;
  return {
    chain,
    inInterface: point.inIf === NO_INTERFACE ? null : packetInterfaceText(point.inIf),
    outInterface: point.outIf === NO_INTERFACE ? null : packetInterfaceText(point.outIf),
    src: formatAddress(point.family, point.src),
    dst: formatAddress(point.family, point.dst),
    protocol: protocolOf(point),
    ...(ports ? { srcPort: point.sport, dstPort: point.dport } : {}),
    state: CONN_STATES[point.state],
    ...(isIcmp(point.proto, point.family) ? { icmpType: point.icmp >> 8, icmpCode: point.icmp & 255 } : {}),
    ttl: point.ttl,
    ...((point.cond & 1) !== 0 ? { dstNatted: true } : {}),
    ...((point.cond & 2) !== 0 ? { overLimit: true } : {}),
  };
}

function protocolOf(point: PacketPoint): PacketProtocol {
  if (point.proto === 6) return "tcp";
  if (point.proto === 17) return "udp";
  if (point.proto === 1 && point.family === "ipv4") return "icmp";
  if (point.proto === 58 && point.family === "ipv6") return "icmpv6";
  return point.proto;
}
