/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and protocol modules must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3", "argon2", "ssh2", "node-routeros", "@prisma/adapter-better-sqlite3"],
};
module.exports = nextConfig;
