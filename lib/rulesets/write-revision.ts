import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { execute, insertSliced, nextTurn, sql } from "@/lib/db/direct-sql";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RuleSetContent, RuleSetMeta } from "@/lib/rules/schema";
import { canonicalTexts, textHash, type CanonicalTexts } from "./content-hash";
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
  /** canonicalTexts(content) when the caller has them already (a save hashes them to compare with the head's). */
  texts?: CanonicalTexts;
  /** The working copy as the caller read it while the head was still the revision before this one. */
  workingRows?: readonly WorkingRow[];
};

/**
 * Inside the caller's transaction: appends the immutable revision, brings the working-copy rows in line with it,
 * moves headRevision and records the audit event. Revisions are only ever inserted.
 */
export async function writeRevision(tx: Tx, actor: RuleSetActor, r: NewRevision): Promise<void> {
  const { ruleSetId, content } = r;
  // The snapshot is stored as the canonical text its hash is taken of. Plain SQL on the transaction's own
  // connection (lib/db/direct-sql): a 5,000-rule snapshot is ~2 MB, and as a Prisma parameter it cost a third
  // of a one-toggle save.
  // Turns of the event loop for other requests between the large steps of a 10,000-rule write.
  await nextTurn();
  const texts = r.texts ?? canonicalTexts(content);
  const text = texts.text;
  await execute(sql`INSERT INTO "RuleSetRevision" ("id", "ruleSetId", "number", "authorId", "authorLabel", "message", "name", "description", "content", "contentHash", "ruleCount", "createdAt")
    VALUES (${randomUUID()}, ${ruleSetId}, ${r.number}, ${actor.userId}, ${actor.label}, ${r.message}, ${r.meta.name}, ${r.meta.description}, ${text}, ${textHash(text)}, ${content.rules.length}, ${new Date()})`);

  await nextTurn();
  await writeWorkingRules(tx, ruleSetId, content.rules, texts.ruleTexts, r.workingRows);
  await tx.addressList.deleteMany({ where: { ruleSetId } });
  // Plain SQL in slices (lib/db/direct-sql): Prisma's nested createMany held the event loop for 150-250 ms.
  for (const list of content.addressLists) {
    const listId = randomUUID();
    await execute(
      sql`INSERT INTO "AddressList" ("id", "ruleSetId", "name") VALUES (${listId}, ${ruleSetId}, ${list.name})`,
    );
    await insertSliced(
      "AddressListEntry",
      ["id", "addressListId", "position", "address", "comment"],
      list.entries.map((e, position) => [randomUUID(), listId, position, e.address, e.comment]),
    );
  }

  await tx.ruleSet.update({
    where: { id: ruleSetId },
    data: { headRevision: r.number, name: r.meta.name, description: r.meta.description },
  });
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
