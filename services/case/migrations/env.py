from crm_common.migrate import run_migrations
from services.case.models import Base

run_migrations(Base.metadata)
