/** The Rankwise wordmark: three bars of falling length, best first. */
export function BrandMark({ size = 24 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="6" fill="#2f56d3" />
      <rect x="5" y="6" width="14" height="3" rx="1.5" fill="#fff" />
      <rect x="5" y="10.5" width="10" height="3" rx="1.5" fill="#fff" opacity="0.85" />
      <rect x="5" y="15" width="6" height="3" rx="1.5" fill="#fff" opacity="0.7" />
    </svg>
  );
}
