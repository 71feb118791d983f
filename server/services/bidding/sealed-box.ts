import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { TenderKey } from "../../config";
import { commitmentInput } from "../../domain/bidding/tender";
import { MAX_CRITERIA } from "../../domain/bidding/tender-scoring";

/**
 * A sealed bid at rest: AES-256-GCM with a random 12-byte IV over `{ amount, salt }` (and, on a weighted
 * tender, `values`: the declared criterion values, as secret as the amount), bound by its
 * additional data to one lot, one bidder and one revision, so a ciphertext copied to another row fails.
 */
export type Sealed = { keyId: string; iv: string; ciphertext: string; authTag: string };
export type SealContext = { lotId: string; organisationId: string; revision: number };
export type BidSecret = { amount: bigint; salt: string; values?: readonly number[] };

const SecretSchema = z.object({ amount: z.string().regex(/^\d+$/), salt: z.string().regex(/^[0-9a-f]{64}$/), values: z.array(z.number().int()).min(1).max(MAX_CRITERIA).optional() }).strict();

const aadOf = (c: SealContext) => Buffer.from(`${c.lotId}|${c.organisationId}|${c.revision}`, "utf8");

/** 32 random bytes as hex: the secret that makes a commitment impossible to guess from the amount. */
export function newSalt(): string {
  return randomBytes(32).toString("hex");
}

export function commitmentOf(lotId: string, organisationId: string, amount: bigint, salt: string, values?: readonly number[] | null): string {
  return createHash("sha256").update(commitmentInput(lotId, organisationId, amount, salt, values), "utf8").digest("hex");
}

export function seal(key: TenderKey, context: SealContext, secret: BidSecret): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(aadOf(context));
  const plaintext = JSON.stringify({ amount: secret.amount.toString(), salt: secret.salt, ...(secret.values?.length ? { values: secret.values } : {}) });
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: key.id, iv: iv.toString("base64"), ciphertext: ciphertext.toString("base64"), authTag: cipher.getAuthTag().toString("base64") };
}

/** The secret, or null when the key is unknown or anything (ciphertext, tag, IV, context) was altered. */
export function unseal(keys: ReadonlyMap<string, Buffer>, context: SealContext, sealed: Sealed): BidSecret | null {
  const key = keys.get(sealed.keyId);
  if (!key) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"), { authTagLength: 16 });
    decipher.setAAD(aadOf(context));
    decipher.setAuthTag(Buffer.from(sealed.authTag, "base64"));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
    const parsed = SecretSchema.safeParse(JSON.parse(plaintext));
    if (!parsed.success) return null;
    const { amount, salt, values } = parsed.data;
    return values ? { amount: BigInt(amount), salt, values } : { amount: BigInt(amount), salt };
  } catch {
    return null;
  }
}
