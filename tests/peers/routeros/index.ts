export { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "./peer";
export { defaultFaults, type PeerFaults } from "./peer-faults";
export type { PeerState } from "./peer-state";
export { TRAP } from "./trap";
export { DEFAULT_INTERFACE_LISTS, DEFAULT_INTERFACES, FASTTRACK_DUMMY_COMMENT } from "./seed";
export { encodeSentence, SentenceReader, encodeLength, decodeLength } from "./codec";
