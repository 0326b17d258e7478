-- Undo 0007: drops training_samples. Loses every training sample and review.

drop table chat.training_samples;
