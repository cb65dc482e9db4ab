"""The baseline (`baseline.secrets`): its model, lifecycle commands and check-baseline."""
