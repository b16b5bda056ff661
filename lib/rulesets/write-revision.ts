import { recordAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RuleSetContent, RuleSetMeta } from "@/lib/rules/schema";
import { contentHash } from "./content-hash";
import { auditActor, type RuleSetActor } from "./editor";
import { writeWorkingRules, type WorkingRow } from "./write-working-rules";

type Tx = Prisma.TransactionClient;

export type NewRevision = {
  ruleSetId: string;
  number: number;
  meta: RuleSetMeta;
  content: RuleSetContent;
  message: string;
  audit: { action: string; summary: string; details?: Record<string, unknown> };
  /** contentHash(content) when the caller has it already (a save compares it with the head's). */
  contentHash?: string;
  /** The working copy as the caller read it while the head was still the revision before this one. */
  workingRows?: readonly WorkingRow[];
};

/**
 * Inside the caller's transaction: appends the immutable revision, brings the working-copy rows in line with it,
 * moves headRevision and records the audit event. Revisions are only ever inserted.
 */
export async function writeRevision(tx: Tx, actor: RuleSetActor, r: NewRevision): Promise<void> {
  const { ruleSetId, content } = r;
  await tx.ruleSetRevision.create({
    data: {
      ruleSetId,
      number: r.number,
      authorId: actor.userId,
      authorLabel: actor.label,
      message: r.message,
      name: r.meta.name,
      description: r.meta.description,
      content: JSON.stringify(content),
      contentHash: r.contentHash ?? contentHash(content),
      ruleCount: content.rules.length,
    },
  });

  await writeWorkingRules(tx, ruleSetId, content.rules, r.workingRows);
  await tx.addressList.deleteMany({ where: { ruleSetId } });
  for (const list of content.addressLists) {
    await tx.addressList.create({
      data: {
        ruleSetId,
        name: list.name,
        entries: { createMany: { data: list.entries.map((e, position) => ({ position, address: e.address, comment: e.comment })) } },
      },
    });
  }

  await tx.ruleSet.update({ where: { id: ruleSetId }, data: { headRevision: r.number, name: r.meta.name, description: r.meta.description } });
  await recordAudit(
    {
      actor: auditActor(actor),
      action: r.audit.action,
      targetType: "rule-set",
      targetId: ruleSetId,
      summary: r.audit.summary,
      details: { revision: r.number, ruleCount: content.rules.length, ...r.audit.details },
    },
    tx,
  );
}
