export const ms = (v: number): string =>
  v >= 10_000
    ? `${(v / 1000).toFixed(1)} s`
    : v >= 1000
      ? `${(v / 1000).toFixed(2)} s`
      : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
export const times = (v: number): string => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}×`;
export const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
export const int = (v: number): string => v.toLocaleString("en-US");
