import type { JsonSafe } from "../../../server/domain/money";
import type { DataRoomService } from "../../../server/services/listings/data-room";

type OkOf<T> = Extract<Awaited<T>, { ok: true }>;

/** What the data-room page receives from the service, after jsonSafe. */
export type RoomView = JsonSafe<Omit<OkOf<ReturnType<DataRoomService["view"]>>, "ok">>;
export type AccessLogView = JsonSafe<Omit<OkOf<ReturnType<DataRoomService["accessLog"]>>, "ok">>;
export type RoomDocument = RoomView["documents"][number];

/** An action's answer when a form needs another look. */
export type RoomReply = { intent: string; formError: string | null };
