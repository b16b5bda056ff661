/**
 * Starts one OpenWrt stand-in by hand and keeps it running until Ctrl-C:
 *   npx tsx tests/peers/openwrt/serve-openwrt-peer.ts [stock|foreign|minimal]
 * (as root: it creates the rampart-owrt login user and runs /usr/sbin/sshd).
 */
import { startOpenWrtPeer } from "./start-openwrt-peer";

async function main(): Promise<void> {
  const seed = (process.argv[2] ?? "foreign") as "stock" | "foreign" | "minimal";
  const peer = await startOpenWrtPeer({ seed });
  console.log(`OpenWrt stand-in on ssh://${peer.username}@${peer.host}:${peer.port}`);
  console.log(`password: ${peer.password} (test account)  host key: ${peer.hostKeyFingerprint}`);
  console.log(`config dir: ${peer.configDir}`);
  console.log(`try: ssh -p ${peer.port} ${peer.username}@${peer.host} uci show firewall`);
  const stop = () => void peer.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
