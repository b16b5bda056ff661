# Sourced by start.sh and test-all.sh: install node_modules when missing or older than the lockfile,
# then generate the Prisma client. Nothing here downloads a binary outside the npm registry.
export NEXT_TELEMETRY_DISABLED=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "» installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f lib/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
  echo "» generating the Prisma client"
  npx prisma generate >/dev/null
fi
