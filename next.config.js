/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Parallel worktrees/test runs can build side by side (NEXT_DIST_DIR=.next-foo).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  // `npm test` type-checks the whole tree (tsc --noEmit); the build skips it so starting never waits on test code.
  typescript: { ignoreBuildErrors: true },
  // A 5,000-rule save is ~1.7 MB of JSON; the default 1 MB would refuse it.
  experimental: { serverActions: { bodySizeLimit: "8mb" } },
  // Native and protocol modules must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3", "argon2", "ssh2", "node-routeros", "@prisma/adapter-better-sqlite3"],
};
module.exports = nextConfig;
