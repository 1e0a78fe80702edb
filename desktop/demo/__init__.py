"""Demo and benchmark data generators. They use the areas' own constants and the migrations' own trigger definitions."""
