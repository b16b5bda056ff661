import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/page";

/** No rules: say what that means on a router, and offer the first rule. */
export function RulesEmptyState({ canEdit, onAdd }: { canEdit: boolean; onAdd: () => void }) {
  return (
    <EmptyState title="No rules yet">
      <p>With no rules, pushing this set leaves every router on its default policy for each chain.</p>
      {canEdit ? (
        <Button type="button" className="mt-3" onClick={onAdd}>
          Add the first rule
        </Button>
      ) : null}
    </EmptyState>
  );
}
