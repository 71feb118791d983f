CREATE TABLE "audit_checkpoints" (
	"chain" text NOT NULL,
	"day" date NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_checkpoints_chain_day_pk" PRIMARY KEY("chain","day")
);
--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "bids" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "lots" ADD COLUMN "chain_head" text;--> statement-breakpoint
-- Bids recorded before the chain existed are chained now, per lot in seq order, exactly as the bid path hashes them
-- (server/domain/bidding/bid-chain.ts): sha256 of 'ipx-bid-v1|lot|seq|bidder code|amount|received ms|previous hash'.
ALTER TABLE "bids" DISABLE TRIGGER "bids_no_update_delete";--> statement-breakpoint
DO $$
DECLARE
  r record;
  head text;
  current_lot uuid := NULL;
BEGIN
  FOR r IN SELECT id, listing_id, seq, bidder_code, amount, placed_at FROM bids ORDER BY listing_id, seq LOOP
    IF current_lot IS DISTINCT FROM r.listing_id THEN
      IF current_lot IS NOT NULL THEN
        UPDATE lots SET chain_head = head WHERE listing_id = current_lot;
      END IF;
      current_lot := r.listing_id;
      head := repeat('0', 64);
    END IF;
    UPDATE bids
      SET prev_hash = head,
          hash = encode(sha256(convert_to(concat_ws('|', 'ipx-bid-v1', r.listing_id::text, r.seq::text, r.bidder_code, r.amount::text,
            (extract(epoch FROM r.placed_at) * 1000)::bigint::text, head), 'UTF8')), 'hex')
      WHERE id = r.id
      RETURNING hash INTO head;
  END LOOP;
  IF current_lot IS NOT NULL THEN
    UPDATE lots SET chain_head = head WHERE listing_id = current_lot;
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "bids" ENABLE TRIGGER "bids_no_update_delete";--> statement-breakpoint
ALTER TABLE "bids" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "bids" ALTER COLUMN "hash" SET NOT NULL;
