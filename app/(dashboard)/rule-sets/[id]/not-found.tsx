import Link from "next/link";
import { EmptyState } from "@/components/ui/page";

export default function RuleSetNotFound() {
  return (
    <EmptyState title="That rule set does not exist">
      It may have been deleted.{" "}
      <Link href="/rule-sets" className="text-sky-700 underline">
        Back to rule sets
      </Link>
    </EmptyState>
  );
}
