from crm_common.migrate import run_migrations
from services.customer.models import Base

run_migrations(Base.metadata)
