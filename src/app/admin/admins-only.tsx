/** What a moderator sees on a page for admins only (the admin layout has already turned away everyone else). */
export function AdminsOnly({ heading, reason }: { heading: string; reason: string }) {
  return (
    <section className="narrow" data-testid="admin-only">
      <h1>{heading}</h1>
      <p>{reason}</p>
    </section>
  );
}
