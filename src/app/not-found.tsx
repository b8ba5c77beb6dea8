import Link from "next/link";

export default function NotFound() {
  return (
    <section className="narrow">
      <h1>Page not found</h1>
      <p>That page does not exist, or you do not have access to it.</p>
      <Link className="button" href="/">Back to CivicLens</Link>
    </section>
  );
}
