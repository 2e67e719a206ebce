"""Text utilities of extraction: folds, regular expressions from word lists, jieba boundaries, caches."""
