// Type-aware tests of no-sensitive-baggage lint code under this name; the content comes from the test.
