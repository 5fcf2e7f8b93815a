"""Rule authoring: candidate rulesets edited in the browser, checked, compared and published."""
