-- The catalogue reads a few short columns of many listings. Once a row is big enough to be toasted (over
-- about 2 kB), move its bulky values (description, search text, token vector, terms) out of line rather
-- than keep them compressed in the row, and keep the short columns the catalogue reads in the row: the
-- table stays a fraction of its size and a search touches fewer pages. A storage setting only.
ALTER TABLE "listings" SET (toast_tuple_target = 128);--> statement-breakpoint
ALTER TABLE "listings" ALTER COLUMN "title" SET STORAGE MAIN, ALTER COLUMN "region" SET STORAGE MAIN, ALTER COLUMN "currency" SET STORAGE MAIN, ALTER COLUMN "asset_types" SET STORAGE MAIN, ALTER COLUMN "classes" SET STORAGE MAIN;
