import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { APP_VERSION } from "@/lib/app-version";

export function GET() {
  return NextResponse.json(buildOpenApiDocument(APP_VERSION));
}
