SELECT used FROM credit_key_spend WHERE api_key_id = :key
