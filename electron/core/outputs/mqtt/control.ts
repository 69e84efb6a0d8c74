/**
 * Graphics control over MQTT (`<prefix>/<competition>/control/graphics`), the same commands as the
 * HTTP control API with the same checks: one zod schema, a graphic that exists, a unit that looks
 * like one. A refused command is logged and answered on `…/control/replies`, never half-applied.
 */
import { z } from 'zod';
import { GraphicsError, type Graphics } from '../graphics/graphics';
import { GraphicIdSchema, ModeRequestSchema, UnitArgSchema } from '../../model/graphics';

/** Commands are small; anything bigger is not one of ours. */
export const MAX_COMMAND_BYTES = 16 * 1024;

const Common = { id: z.string().max(200).optional() };

export const ControlCommandSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ ...Common, action: z.literal('take'), graphic: GraphicIdSchema, unit: UnitArgSchema.optional(), seconds: z.number().positive().max(3600).optional() }).strict(),
    // Without a graphic: everything off air, as the dashboard's "Clear all".
    z.object({ ...Common, action: z.literal('clear'), graphic: GraphicIdSchema.optional() }).strict(),
    z.object({ ...Common, action: z.literal('next'), graphic: GraphicIdSchema }).strict(),
    z.object({ ...Common, action: z.literal('mode'), mode: ModeRequestSchema.shape.mode, durations: ModeRequestSchema.shape.durations }).strict(),
  ],
  { error: 'action must be one of take, clear, next, mode' },
);
export type ControlCommand = z.infer<typeof ControlCommandSchema>;

export interface ControlReply {
  id: string | null;
  ok: boolean;
  action: string | null;
  error?: string;
  result?: unknown;
  at: string;
}

/** Reads, checks and runs one command; the reply says what happened either way. */
export function runControl(graphics: Graphics, payload: Buffer, retained: boolean, now = new Date()): ControlReply {
  const at = now.toISOString();
  const refuse = (error: string, id: string | null = null, action: string | null = null): ControlReply => ({ id, ok: false, action, error, at });
  if (payload.length > MAX_COMMAND_BYTES) return refuse(`command larger than ${MAX_COMMAND_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return refuse('not JSON: send {"action": "take", "graphic": "winner"}');
  }
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const id = typeof raw.id === 'string' ? raw.id.slice(0, 200) : null;
  const action = typeof raw.action === 'string' ? raw.action.slice(0, 40) : null;
  // A retained command would run again on every reconnect of every console: not a command.
  if (retained) return refuse('retained commands are refused (publish with retain off)', id, action);
  const parsed = ControlCommandSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`${issue?.path.join('.') || 'command'}: ${issue?.message ?? 'invalid'}`, id, action);
  }
  const c = parsed.data;
  try {
    const result =
      c.action === 'take'
        ? graphics.show(c.graphic, { unit: c.unit, seconds: c.seconds })
        : c.action === 'clear'
          ? c.graphic
            ? graphics.hide(c.graphic)
            : graphics.hideAll()
          : c.action === 'next'
            ? graphics.next(c.graphic)
            : graphics.setMode({ mode: c.mode, durations: c.durations });
    return { id, ok: true, action: c.action, result, at };
  } catch (err) {
    if (err instanceof GraphicsError) return refuse(err.message, id, c.action);
    throw err;
  }
}
