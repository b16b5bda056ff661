/** Rule analysis: shadowing, conflicts and redundancy by exact set arithmetic, and the packet tester. */
export { analyzeRuleSet, analyzeChains, type AnalysisOptions, type RuleSetAnalysis } from "./analyze-rule-set";
export { findingSchema, type Finding, type FindingKind } from "./findings";
export { packetSchema, type Packet, type PacketProtocol } from "./packet-schema";
export { testPacket, type PacketTestResult, type TraceStep } from "./packet-tester";
export { examplePacket } from "./example-packet";
