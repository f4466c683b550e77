"""联建联创联评 in the schema: "三无" status, targets, rates, campaign, self-assessment, ratings,
annual review, declarations and the public transparency page, mapped onto `server.evaluation`;
one module per sub-concept, the root fields in `query` and `mutation`."""
