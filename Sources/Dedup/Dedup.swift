public enum DedupPlaceholder {}
