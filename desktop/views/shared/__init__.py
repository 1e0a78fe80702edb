"""Widgets and helpers every area uses: form helpers, drafts, the PDF preview, item models, labels."""
