import { z } from "zod";
import { parseAddressSpec } from "../address";
import { chainSchema, connStateSchema, interfaceNameSchema } from "../schema";

/** A test packet as the packet-tester form and the API take it; cross-field messages sit on the field to fix. */

export const PACKET_PROTOCOLS = ["tcp", "udp", "icmp", "icmpv6"] as const;
const PORT_PROTOCOL_NUMBERS = new Set([6, 17]);

const hostAddressSchema = z
  .string({ error: "address is required" })
  .trim()
  .superRefine((text, ctx) => {
    const parsed = parseAddressSpec(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    else if (parsed.kind !== "host")
      ctx.addIssue({
        code: "custom",
        message: `${text} is a ${parsed.kind === "cidr" ? "prefix" : "range"}; a packet has one address`,
      });
  });

const packetPortSchema = z
  .number({ error: "port must be a number" })
  .int("port must be a whole number")
  .refine((p) => p >= 1 && p <= 65535, { error: (issue) => `port ${String(issue.input)} is outside 1-65535` });

export const packetProtocolSchema = z.union(
  [
    z.enum(PACKET_PROTOCOLS),
    z
      .number()
      .int("protocol number must be a whole number")
      .min(0, "protocol number must be 0-255")
      .max(255, "protocol number must be 0-255"),
  ],
  { error: "protocol must be tcp, udp, icmp, icmpv6 or a number 0-255" },
);

/** An interface name, or the role a packet arrives on where no router maps roles ("role lan", "not role lan"). */
const packetInterfaceSchema = z.union([
  interfaceNameSchema,
  z.string().regex(/^(not )?role [a-z][a-z0-9_-]{0,31}$/, "interface may use only letters, digits and . _ @ + -"),
]);

export const packetSchema = z
  .object({
    chain: chainSchema,
    inInterface: packetInterfaceSchema.nullable().optional(),
    outInterface: packetInterfaceSchema.nullable().optional(),
    src: hostAddressSchema,
    dst: hostAddressSchema,
    protocol: packetProtocolSchema,
    srcPort: packetPortSchema.optional(),
    dstPort: packetPortSchema.optional(),
    state: connStateSchema,
    icmpType: z
      .number()
      .int("ICMP type must be a whole number")
      .min(0, "ICMP type must be 0-255")
      .max(255, "ICMP type must be 0-255")
      .optional(),
    icmpCode: z
      .number()
      .int("ICMP code must be a whole number")
      .min(0, "ICMP code must be 0-255")
      .max(255, "ICMP code must be 0-255")
      .optional(),
    ttl: z
      .number()
      .int("TTL must be a whole number")
      .min(0, "TTL must be 0-255")
      .max(255, "TTL must be 0-255")
      .optional(),
    dstNatted: z.boolean().optional(),
    overLimit: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const src = parseAddressSpec(p.src);
    const dst = parseAddressSpec(p.dst);
    const family = src.ok ? src.family : dst.ok ? dst.family : null;
    if (src.ok && dst.ok && src.family !== dst.family) {
      issue("dst", `the source is ${src.family === "ipv4" ? "IPv4" : "IPv6"}, so the destination must be too`);
    }
    if (p.protocol === "icmp" && family === "ipv6")
      issue("protocol", "protocol icmp is for IPv4; use icmpv6 for IPv6 addresses");
    if (p.protocol === "icmpv6" && family === "ipv4")
      issue("protocol", "protocol icmpv6 is for IPv6; use icmp for IPv4 addresses");
    const ports =
      p.protocol === "tcp" ||
      p.protocol === "udp" ||
      (typeof p.protocol === "number" && PORT_PROTOCOL_NUMBERS.has(p.protocol));
    for (const field of ["srcPort", "dstPort"] as const) {
      if (!ports && p[field] !== undefined) issue(field, "ports need protocol tcp or udp");
    }
    const icmp = p.protocol === "icmp" || p.protocol === "icmpv6" || p.protocol === 1 || p.protocol === 58;
    if (!icmp && p.icmpType !== undefined) issue("icmpType", "an ICMP type needs protocol icmp or icmpv6");
    if (p.icmpCode !== undefined && p.icmpType === undefined) issue("icmpCode", "an ICMP code needs an ICMP type");
    if (p.chain === "output" && p.inInterface) issue("inInterface", "a packet on the output chain has no in-interface");
    if (p.chain === "input" && p.outInterface)
      issue("outInterface", "a packet on the input chain has no out-interface");
  });

export type Packet = z.infer<typeof packetSchema>;
export type PacketProtocol = z.infer<typeof packetProtocolSchema>;
