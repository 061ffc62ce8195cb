import { Hono, type Context } from "hono";
import { z } from "zod";
import {
  checkinScheduleOf,
  describeSchedule,
  parseTime,
  setCheckinChoice,
  type CheckinScheduleView,
} from "../../bot/checkins/checkin-schedule.ts";
import { agreedToDriftNotices, withdrawDriftConsent } from "../../bot/checkins/drift.ts";
import { DRIFT_CONSENT } from "../../bot/checkins/settings.ts";
import { recordConsents } from "../../bot/onboarding/consents-store.ts";
import { WEEKDAYS, type Weekday } from "../../bot/scheduler/recurrence.ts";
import type { WebDeps } from "../context.ts";
import { CSRF_FIELD, csrfToken } from "../csrf.ts";
import { field, fields, readForm } from "../form.ts";
import { memberOf, requireMember } from "./steps.ts";

const DAY_ORDER: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const formSchema = z.discriminatedUnion("enabled", [
  z.object({ enabled: z.literal("off"), notice: z.boolean() }),
  z.object({
    enabled: z.literal("on"),
    days: z.array(z.enum(WEEKDAYS)).min(1),
    time: z
      .string()
      .transform((value, ctx) => parseTime(value) ?? (ctx.addIssue({ code: "custom" }), z.NEVER)),
    notice: z.boolean(),
  }),
]);

/** The member's check-in schedule (days, local time, or off) and the optional gentle notes; no JS needed. */
export function checkinRoutes(deps: WebDeps): Hono {
  const { t } = deps;
  const app = new Hono();
  app.use("/check-ins", requireMember);

  const page = (
    c: Context,
    view: CheckinScheduleView,
    notice: boolean,
    state: "saved" | "error" | "none",
  ) => {
    const on = view.choice.on;
    const days = view.choice.on
      ? view.choice.days
      : new Set<Weekday>(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    const time = view.choice.on ? view.choice.time : "19:00";
    return c.render(
      <>
        <h1>{t.checkins.title}</h1>
        <p>{t.checkins.intro}</p>
        {state === "saved" ? (
          <p class="notice success" role="status">
            {t.checkins.saved}
          </p>
        ) : null}
        {state === "error" ? (
          <p class="notice error" role="alert">
            {t.checkins.invalid}
          </p>
        ) : null}
        <p>{describeSchedule(view)}</p>
        <p class="hint">
          {t.checkins.timezone(view.timezone)} <a href="/profile">{t.checkins.changeTimezone}</a>
        </p>
        <form method="post" action="/check-ins">
          <input type="hidden" name={CSRF_FIELD} value={csrfToken(c, deps)} />
          <fieldset>
            <legend>{t.checkins.enabledLegend}</legend>
            <label class="choice">
              <input type="radio" name="enabled" value="on" checked={on} />
              <span>{t.checkins.on}</span>
            </label>
            <label class="choice">
              <input type="radio" name="enabled" value="off" checked={!on} />
              <span>{t.checkins.off}</span>
            </label>
          </fieldset>
          <fieldset>
            <legend>{t.checkins.daysLegend}</legend>
            {DAY_ORDER.map((day) => (
              <label class="choice">
                <input type="checkbox" name="days" value={day} checked={days.has(day)} />
                <span>{t.profile.days[day]}</span>
              </label>
            ))}
          </fieldset>
          <label for="checkin-time">{t.checkins.timeLabel}</label>
          <input id="checkin-time" type="time" name="time" value={time} required />
          <fieldset>
            <legend>{t.checkins.noticeLegend}</legend>
            <label class="choice">
              <input type="checkbox" name="notice" value="yes" checked={notice} />
              <span>{t.checkins.noticeLabel}</span>
            </label>
            <p class="hint">{t.checkins.noticeHint(DRIFT_CONSENT.version)}</p>
          </fieldset>
          <button type="submit">{t.checkins.button}</button>
        </form>
      </>,
      { title: t.checkins.title },
    );
  };

  app.get("/check-ins", async (c) => {
    const member = memberOf(c);
    const view = await checkinScheduleOf(deps.db, member.id, deps.now());
    const state = c.req.query("saved") === "1" ? "saved" : "none";
    return page(c, view, await agreedToDriftNotices(deps.db, member.id), state);
  });

  app.post("/check-ins", async (c) => {
    const member = memberOf(c);
    const body = await readForm(c);
    const decoded = formSchema.safeParse({
      enabled: field(body, "enabled"),
      days: fields(body, "days"),
      time: field(body, "time"),
      notice: field(body, "notice") === "yes",
    });
    if (!decoded.success) {
      c.status(400);
      const view = await checkinScheduleOf(deps.db, member.id, deps.now());
      return page(c, view, await agreedToDriftNotices(deps.db, member.id), "error");
    }
    const form = decoded.data;
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      await setCheckinChoice(
        trx,
        member.id,
        form.enabled === "on" ? { on: true, days: new Set(form.days), time: form.time } : { on: false },
        now,
      );
      if (form.notice) await recordConsents(trx, member.id, [DRIFT_CONSENT], now);
      else await withdrawDriftConsent(trx, member.id);
    });
    return c.redirect("/check-ins?saved=1", 303);
  });

  return app;
}
