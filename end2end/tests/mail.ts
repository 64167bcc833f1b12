import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

/** Undoes quoted-printable encoding (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Joins folded header lines (a long Subject goes on over several lines). */
function unfoldHeaders(message: string): string {
  const end = message.search(/\r?\n\r?\n/);
  if (end < 0) return message;
  return message.slice(0, end).replace(/\r?\n[ \t]+/g, " ") + message.slice(end);
}

/** The messages to `to` about `subject` in the server's file drop, oldest first. */
function messagesTo(to: string, subject: string): string[] {
  const dir = process.env.TECHFORCE_E2E_MAIL_DIR!;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs)
    .map((f) => decodeQuotedPrintable(unfoldHeaders(fs.readFileSync(f, "utf8"))))
    .filter((m) => m.includes(`To: ${to}`) && m.includes(`Subject: ${subject}`));
}

/** The newest message to `to` about `subject` in the server's file drop, once it arrives. */
export async function waitForMail(to: string, subject: string): Promise<string> {
  let found = "";
  await expect(async () => {
    const messages = messagesTo(to, subject);
    expect(messages.length).toBeGreaterThan(0);
    found = messages[messages.length - 1];
  }).toPass({ timeout: 10_000 });
  return found;
}

/** The path and query of the first portal link in a message. */
export function linkIn(message: string): string {
  const match = message.match(/https?:\/\/[^\s"<]+(\/(?:verify-email|reset-password)\?token=[0-9a-f]{64})/);
  expect(match, "a link with a token").not.toBeNull();
  return match![1];
}

/** How many messages to `to` about `subject` the file drop holds now. */
export function mailCount(to: string, subject: string): number {
  return messagesTo(to, subject).length;
}
