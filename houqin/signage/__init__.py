"""Info screens (图文信息): screens with a public display page, and messages approved for them."""
