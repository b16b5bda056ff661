// Types for the stand-in tokeniser, so TypeScript tests can check quoting against the stand-in's own parser.
export interface UciCommandTokens {
  tokens: string[];
  line: number;
}
export declare class UciParseError extends Error {
  reason: string;
  line: number;
  byte: number;
}
export declare function forEachCommand(text: string, onCommand: (c: UciCommandTokens) => boolean | void): void;
export declare function tokenizeAll(text: string): UciCommandTokens[];
