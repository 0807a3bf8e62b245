import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <div className="panel empty-state">
        <h1>Not found</h1>
        <p>This page does not exist, or you do not have access to it.</p>
        <div className="empty-state-actions">
          <Link className="btn" href="/">
            Go to my home
          </Link>
        </div>
      </div>
    </main>
  );
}
