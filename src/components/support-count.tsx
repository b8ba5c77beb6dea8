/** How many people said a report affects them too ("This affects me too"). */
export function SupportCount({ count }: { count: number }) {
  return (
    <span className="support-count" data-testid="support-count" data-count={count}>
      {count.toLocaleString("en-IN")} {count === 1 ? "person" : "people"} affected
    </span>
  );
}
