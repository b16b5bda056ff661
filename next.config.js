/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole tree (tsc --noEmit); the build skips it so starting never waits on test code.
  typescript: { ignoreBuildErrors: true },
  // Native and protocol modules must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3", "argon2", "ssh2", "node-routeros", "@prisma/adapter-better-sqlite3"],
};
module.exports = nextConfig;
