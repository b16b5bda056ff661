import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { roleSchema } from "@/lib/auth/roles";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const user = await requirePageUser();
  const need = roleSchema.safeParse((await searchParams).need);
  return (
    <>
      <PageHeader title="Not allowed" />
      <EmptyState title={`This page needs the ${need.success ? need.data : "right"} role`}>
        You are signed in as {user.username} ({user.role}). Ask an admin if you need more access.
      </EmptyState>
    </>
  );
}
