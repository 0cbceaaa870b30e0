/** What to show for a thrown value: an Error's message (its name when the message is empty), else the value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
