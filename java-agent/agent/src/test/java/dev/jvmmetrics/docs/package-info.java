/**
 * The docs drift check: README.md and docs/*.md held against the tree (classes, tests, files,
 * links, make targets) and against the metric catalogue, so that the docs cannot name what is gone.
 */
package dev.jvmmetrics.docs;
