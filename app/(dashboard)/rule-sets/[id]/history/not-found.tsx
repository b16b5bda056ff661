import Link from "next/link";
import { EmptyState } from "@/components/ui/page";

export default function RuleSetNotFound() {
  return (
    <EmptyState title="No such rule set">
      It may have been deleted.{" "}
      <Link href="/rule-sets" className="text-sky-700 underline">
        All rule sets
      </Link>
    </EmptyState>
  );
}
