"""Query stage: named, parameterised Cypher files and the engines that run them."""
